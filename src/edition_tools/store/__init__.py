"""The store: the edition's domain (records by page) and the digests of incremental builds."""
