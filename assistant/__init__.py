"""jixiao 绩效目标助手: drafts and reviews Chinese budget performance target tables."""

__version__ = "0.1.0"
