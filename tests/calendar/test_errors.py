import bizhours


def test_error_hierarchy() -> None:
    assert issubclass(bizhours.ConfigError, bizhours.BizHoursError)
    assert issubclass(bizhours.ConfigError, ValueError)
    assert issubclass(bizhours.NaiveDatetimeError, ValueError)
    assert issubclass(bizhours.NeverOpenError, bizhours.BizHoursError)
