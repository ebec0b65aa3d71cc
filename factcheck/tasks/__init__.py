"""Background work on the Huey queue: the queue itself (queue.py), the runner that leases a job row and runs its
kind (runner.py), the registry of kinds and periodic tasks (registry.py), and the kinds (articles.py, ...)."""
