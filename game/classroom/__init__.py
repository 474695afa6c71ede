"""Classroom tools: class packs, results export and the class debrief report."""
