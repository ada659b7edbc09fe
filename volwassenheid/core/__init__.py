"""The pure core: the models of the files, the answer vocabulary, scoring, results, advice,
patterns, disclosure, survey rows and Dutch formatting. No files, no terminal, no rendering."""
