"""WTForms input adapters: validation only, no queries, no commits."""
