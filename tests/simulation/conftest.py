from tests.choice_help.conftest import loppersum  # noqa: F401 (the same synthetic Loppersum register)
