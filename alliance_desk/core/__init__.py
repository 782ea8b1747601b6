"""Rules of the job: plain values and pure calculations, free of storage, Qt and PDF code."""
