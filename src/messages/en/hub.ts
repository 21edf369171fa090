/** The messages of src/hub/. */
export const hub = {
  "hub.repoId.isNotAHub":
    '{what} "{text}" is not a hub repo id: expected ORG/NAME such as "Qwen/Qwen2-0.5B" (letters, digits, "-", "_", "."; no "--" or "..")',
  "hub.repoId.revisionTheRevisionIs":
    '--revision {revision}: the revision is not a valid branch, tag or commit name (git ref names: no "..", no leading "/" or ".", no spaces or control characters)',
  "hub.config.hfEndpointIsNot": 'HF_ENDPOINT: "{v1}" is not an http(s) URL (example: https://hf-mirror.com)',
  "hub.snapshot.modelNoSuchFile":
    'model "{idOrPath}": no such file or folder, and not a hub id (ORG/NAME such as "Qwen/Qwen2-0.5B")',
  "hub.snapshot.revisionNoFileMatches":
    "{repoId} (revision {revision}): no file matches {v3}; the repo has: {v4}",
  "hub.cache.isNotInThe":
    "{repoId} is not in the cache ({cacheDir}); `tongguan list` shows the models that are",
  "hub.cache.couldNotBeDeleted": "{repoId}: {dir} could not be deleted completely (is a pull of it running?)",
  "hub.snapshot.moreFiles": ", … ({count} files)",
  "hub.snapshot.noFiles": "no files",
  "hub.snapshot.noFilter": "(no filter)",
  "hub.download.theDownloadedFileHolds":
    "{what}: the downloaded file holds {size} bytes, the hub says {jobSize}",
  "hub.download.checksumMismatchExpectedThe":
    "{what}: checksum mismatch, expected {etag} (the hub's ETag) but the file on disk hashes to {digest}",
  "hub.download.answeredToARequest": "{what}: {v2} answered 416 to a request without a range",
  "hub.download.emptyResponseFrom": "{what}: empty response from {v2}",
  "hub.download.downloadFromBrokeOff": "{what}: download from {from} broke off at byte {loaded}: {reason}",
  "hub.download.connectionClosedAtByte": "{what}: connection closed at byte {loaded} of {total} ({from})",
  "hub.http.redirectsToAUrl": "{what}: {v2} redirects to a {protocol} URL; refusing to follow it",
  "hub.http.moreThanRedirectsStarting": "{what}: more than {MAX_REDIRECTS} redirects starting at {v3}",
  "hub.http.couldNotReachCheck":
    "could not reach {v1}: {v2} (check the connection; set HF_ENDPOINT to use a mirror such as https://hf-mirror.com, or HF_HUB_OFFLINE=1 to use the cache only)",
  "hub.http.gatedOrPrivate": "{what}: gated or private{maybe}: {fix}. {detail}",
  "hub.http.theServerFailed": "{what}: the server failed ({detail})",
  "hub.metadata.theAnswerIsNot": "{v1}: the answer is not JSON; is HF_ENDPOINT a hub?",
  "hub.metadata.expectedIsHfEndpoint":
    '{v1}: expected {"sha": <commit>, "siblings": [...]}; is HF_ENDPOINT a hub?',
  "hub.metadata.theServerSentNo": "{v1}: the server sent no ETag, so the file cannot be named in the cache",
  "hub.metadata.unusableEtag": '{v1}: unusable ETag "{etag}"',
  "hub.snapshot.fileOfTheRepo":
    'file "{path}" of {repoId}: the repo listing says {listed} bytes but the file\'s headers say {metaSize}',
  "hub.snapshot.andRevisionIsNot":
    "{reason}, and {repoId} (revision {revision}) is not in the cache {cacheDir}: run `tongguan pull {repoId}` while online first",
  "hub.snapshot.andNoCachedFile":
    "{reason}, and no cached file of {repoId} (revision {revision}) matches {wanted}",
  "hub.snapshot.theHubListsAn":
    "{repoId}: the hub lists an unsafe file name {path} ({why}); refusing to write it",
  "hub.snapshot.itLeavesTheSnapshot": "it leaves the snapshot folder",
  "hub.snapshot.aControlCharacter": "a control character",
  "hub.snapshot.aPartLongerThan": "a part longer than 255 bytes",
  "hub.snapshot.isAFileToo": '"{folder}" is a file too',
  "hub.http.tokenNoAccess":
    "HF_TOKEN is set but gives no access: check the token, and accept the model's terms on its hub page",
  "hub.http.setToken":
    "set HF_TOKEN to a token from https://huggingface.co/settings/tokens (and accept the model's terms on its hub page)",
  "hub.http.orNotExist": " (or it does not exist)",
  "hub.http.noSuchRevision": "no such revision",
  "hub.http.noSuchFile": "no such file",
  "hub.http.noSuchRepo": "no such repo",
  "hub.http.noSuchAny": "no such repo/file/revision",
  "hub.http.notFound": "{what}: {which} ({detail})",
  "hub.download.deletedRunAgain": "{problem}; the corrupt download was deleted, run the command again",
  "hub.download.deleteAndRunAgain": "{problem}; delete {part} and run the command again",
  "hub.progress.resuming": "{file}: resuming at {size}",
  "hub.progress.retry": "{file}: connection failed (attempt {attempt}), resuming: {reason}",
  "hub.progress.cached": "cached",
  "hub.progress.done": "done  ",
  "hub.progress.offline": "offline ({reason}): using the cached {repoId} at {snapshot}",
  "hub.progress.total": "total",
  "hub.progress.bar": "{name} {bar} {percent} {amount} {speed} ETA {left}",
  "hub.progress.totalLine": "total {percent} {amount} {speed} ETA {left}",
  "hub.progress.plan": "{repoId} @ {commit}: {files} file(s), {size}",
  "hub.http.noAnswer": "no answer in time",
  "hub.http.aborted": "aborted",
  "hub.download.noData": "no data for {ms} ms",
  "hub.snapshot.offline": "HF_HUB_OFFLINE is set",
  "hub.snapshot.revisionHoldsNoHugging":
    '{repoId} (revision {revision}) holds no Hugging Face checkpoint (config.json, *.safetensors, pytorch_model*.bin); name the files to use, e.g. include ["*Q8_0.gguf"]; the repo has: {v3}',
} as const;
