"""ReliefMap: a self-care map and journal for low back pain and sciatica."""

__version__ = "0.1.0"
