"""Import every model so that metadata (and Alembic) knows all tables."""

from training.auth.models import ApiToken, User, UserRole
from training.people.models import Person
from training.units.models import Unit

__all__ = ["ApiToken", "Person", "Unit", "User", "UserRole"]
