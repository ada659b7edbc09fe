"""The advisory report: its data, charts and rendering to HTML and PDF."""
