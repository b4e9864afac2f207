# Every recipe is one command; without make, run the same lines by hand
# (on Windows: py src\edi_analysis\setup_env.py, then .venv\Scripts\python -m edi_analysis ...).
PYTHON ?= python3
PY := .venv/bin/python

.PHONY: reports test bench validate audit synthetic templates strip lab docs lock setup clean

reports: .venv/.installed
	$(PY) -m edi_analysis reports

test: .venv/.installed
	$(PY) -m pytest

bench: .venv/.installed
	$(PY) -m edi_analysis bench

validate: .venv/.installed
	$(PY) -m edi_analysis validate params/*.yaml

audit: .venv/.installed
	$(PY) -m edi_analysis audit reports

synthetic: .venv/.installed
	$(PY) -m edi_analysis synthetic --out data/synthetic

templates: .venv/.installed
	$(PY) -m edi_analysis templates --out docs/data-contract/templates

lab: .venv/.installed
	$(PY) -m edi_analysis lab

docs: .venv/.installed
	$(PY) -m edi_analysis docs

strip: .venv/.installed
	$(PY) -m nbstripout --keep-id notebooks/*.ipynb

lock:
	$(PYTHON) src/edi_analysis/setup_env.py --lock

setup: .venv/.installed

.venv/.installed: requirements.lock pyproject.toml
	$(PYTHON) src/edi_analysis/setup_env.py

clean:
	$(PYTHON) -c "import shutil; [shutil.rmtree(p, ignore_errors=True) for p in ('reports', 'bench')]"
