"""Sign-in accounts for every participant: provisioning pages, activation (codes by e-mail
or on a printed sheet), forgotten passwords, leavers, and the accounts a people import
creates when asked (``imports``). The rules live in training/auth
(provisioning, activation, follow, directory); this package adds what needs the layers
above auth: the outbox (e-mail), the PDF fonts and the course's target positions."""
