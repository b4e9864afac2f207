"""The command line entry point."""

from edi_analysis.__main__ import main


def test_usage_and_unknown_command(capsys):
    assert main([]) == 2
    assert main(["--help"]) == 0
    assert "reports" in capsys.readouterr().out
    assert main(["nonsense"]) == 2
    assert "unknown command" in capsys.readouterr().err
