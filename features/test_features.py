"""Binds every .feature file under features/ to the steps in features/conftest.py."""

from pytest_bdd import scenarios

scenarios(".")
