"""Reading the files school heads and methodists upload: the candidate register and journal extracts."""
