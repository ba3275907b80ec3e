"""The audit log of every change: who changed what, when, before and after."""
