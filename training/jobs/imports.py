"""The imports whose confirmation may run as a job, by name."""

from training.accounts.importer import IMPORTER as ACCOUNTS
from training.people.import_accounts import IMPORTER as PEOPLE_WITH_ACCOUNTS
from training.people.importer import IMPORTER as PEOPLE
from training.responses.importer import IMPORTER as MENTIONS
from training.units.importer import IMPORTER as UNITS

IMPORTERS = {
    importer.name: importer
    for importer in (UNITS, PEOPLE, PEOPLE_WITH_ACCOUNTS, ACCOUNTS, MENTIONS)
}
