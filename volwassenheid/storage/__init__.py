"""Reading and writing: the traject folder, question sets, survey files, atomic writes."""
