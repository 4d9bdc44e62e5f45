-- console
attach 'other.db' as other
