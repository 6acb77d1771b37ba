"""Drawing with matplotlib on plain Figures: the Progress charts and the clinician report.

No Qt here (the Progress window puts these Figures on Qt canvases; the report writes them to
PDF), so the command line can draw a report on a machine without a screen.
"""
