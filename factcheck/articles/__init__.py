"""Articles: importing a text, its versions and corrections, finding quotes in a body and
cutting it into highlighted segments."""
