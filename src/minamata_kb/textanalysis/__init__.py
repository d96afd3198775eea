"""Shared text analysis: the statement classifier (articles, topics, roles, countries and the
channel of a text) and the wording cues it reads. Below the collecting apps, so submissions,
national_reports and matching use it without importing one another; it learns from the
confirmed statements by their model's label (`classifier_data`), not by importing submissions.
"""
