"""Crisis language and where to find help: detection, its evaluation, the helpline directory."""
