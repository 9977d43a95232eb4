"""Clustering of proposals with scikit-learn, labels, representatives and stable cluster ids.

Interface used by ``flows/`` (to be implemented):

- ``cluster_proposals(proposals: pd.DataFrame, config: ClusteringConfig, previous: pd.DataFrame |
  None = None) -> tuple[pd.DataFrame, pd.DataFrame]``: returns the ``proposals`` table with
  ``cluster_id``, ``cluster_label`` (and ``duplicate_of``) filled, and the ``clusters`` table.
  ``previous`` is the previous run's ``proposals`` table (ids kept for persisting clusters).
  Unclustered proposals get ``cluster_id = -1``.
"""
