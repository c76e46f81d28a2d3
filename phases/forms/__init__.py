"""Forms of the phases app, one module per page area (timeline, plan, budget)."""
