"""Search as you type: units and people matching a name or code, within the viewer's scope,
as JSON for the pickers (static/js/lookup.js) on every form and filter that takes a unit code
or an NRP/NIP."""
