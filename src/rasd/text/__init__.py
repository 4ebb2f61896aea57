"""Text stages: Unicode and Arabic normalisation, cleaning, segmentation, tokenisation."""
