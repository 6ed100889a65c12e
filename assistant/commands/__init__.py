"""Subcommands of `jixiao`: each module has `register(subparsers)` and `run(args)`."""
