"""The application layer: where a traject is opened, scored, advised and reported,
and where a survey is read, scored in batch or imported. The CLI calls only this."""
