"""Areas that decide eligibility and priority: evidence presumption, deep subsidence, reinforcement, core."""
