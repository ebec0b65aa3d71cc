"""Domain operations. Each takes a Session and the acting user, adds and flushes, never commits."""
