"""What the operator sets: typed settings, and the reader of the YAML files they edit."""
