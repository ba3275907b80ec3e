"""Home pages per role: what each user opens the product for, on one page.

Layer 7 (edges), beside ``api`` and ``lookup``: it reads every feature package. The page
holds one section per role of the account (``policy.home.home_sections``): the trainer's
sessions and what is left to do in them (``trainer``), the commander's command
(``commander``, from the kept readiness roll-up), the participant's own training
(``participant``), the installation's state for admins (``admin``). Every block is small,
links to its full page and says what to do next when empty; the page costs a bounded number
of statements whatever the scope (tests/test_home.py).
"""
