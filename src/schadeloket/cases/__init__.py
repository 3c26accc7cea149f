"""Case handling: one case model, a process per scheme, legal terms, tasks and work lists."""
