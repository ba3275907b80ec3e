"""Readiness: roll-up of the figures, dashboards, gaps, snapshots and the readiness reports."""
