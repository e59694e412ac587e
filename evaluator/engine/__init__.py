"""The OPA engine: bundle, process, client, county data, signing. It knows nothing of the statute or
the snapshot; it reads its settings through :mod:`evaluator.settings` and nothing else of the project.

    binary       the opa executable, its version, one-shot ``opa build`` / ``opa inspect``
    signing      the authority's keys, adoption records, signed bundles
    bundle       policies/ → bundle (revision = content hash), the rule catalog
    client       the one HTTP client of an OPA server (decisions and the Data API)
    process      the evaluator's own ``opa run --server``; one-shot ``opa eval``
    county_data  the platform and names as a document in OPA's data
"""

from evaluator.engine.binary import OPA_VERSION, opa_binary, opa_version
from evaluator.engine.bundle import (
    Bundle,
    adopt_policies,
    build_bundle,
    policy_hash,
    rule_catalog,
    tree_stamp,
)
from evaluator.engine.client import OpaEndpoint, endpoints_from_env
from evaluator.engine.county_data import (
    CountyData,
    county_data,
    county_document,
    load_county_data,
    partition_path,
)
from evaluator.engine.process import OpaServer, eval_query, opa_server
from evaluator.engine.signing import adoption, adoption_path, key_id, keygen, public_key_path
from evaluator.engine.stamp import Stamp
from evaluator.engine.tree import policies_dir
from evaluator.errors import OpaError

__all__ = [
    "OPA_VERSION",
    "Bundle",
    "CountyData",
    "OpaEndpoint",
    "OpaError",
    "OpaServer",
    "Stamp",
    "adopt_policies",
    "adoption",
    "adoption_path",
    "build_bundle",
    "county_data",
    "county_document",
    "endpoints_from_env",
    "eval_query",
    "key_id",
    "keygen",
    "load_county_data",
    "opa_binary",
    "opa_server",
    "opa_version",
    "partition_path",
    "policies_dir",
    "policy_hash",
    "public_key_path",
    "rule_catalog",
    "tree_stamp",
]
