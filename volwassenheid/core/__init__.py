"""The pure core: models, scoring, advice and patterns. No files, no terminal."""
