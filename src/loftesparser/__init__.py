"""Parse Swedish medborgarlöften into structured data."""
__version__ = "0.1.0"
