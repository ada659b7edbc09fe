"""The command line: click commands, prompts and Dutch output; parse, call volwassenheid.app, print."""
