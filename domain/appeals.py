"""Appeals context: the appeals register, its lifecycle, the working calendar's due dates, and citizens' reception."""
