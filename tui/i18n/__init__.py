"""The interface's languages, calendars and digits: message catalogues, locale formats, right-to-left drawing."""
