"""A user's own data: drawn or uploaded points, their checks, their content hash and file formats.

Pure Python and NumPy (no web, no session): `points` holds the data set and its edits, `csv_file`
reads an uploaded CSV, `run_file` writes and `run_file_check` reads a saved run as JSON.
"""
