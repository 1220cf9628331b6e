"""Extractors: pure functions from the segmented document to fields."""
