"""The cycle planner: propose a cycle's sessions per tier and region, review, publish."""
