import type { hub as en } from "../en/hub.ts";

export const hub: Record<keyof typeof en, string> = {
  "hub.repoId.isNotAHub":
    '{what} "{text}" 不是 hub 仓库 id：应为 ORG/NAME，例如 "Qwen/Qwen2-0.5B"（字母、数字、"-"、"_"、"."；不能有 "--" 或 ".."）',
  "hub.repoId.revisionTheRevisionIs":
    '--revision {revision}：不是合法的分支、标签或提交名（git 引用名：不能有 ".."，不能以 "/" 或 "." 开头，不能有空格或控制字符）',
  "hub.config.hfEndpointIsNot": 'HF_ENDPOINT："{v1}" 不是 http(s) 网址（例如：https://hf-mirror.com）',
  "hub.snapshot.modelNoSuchFile":
    '模型 "{idOrPath}"：没有这个文件或文件夹，也不是 hub id（ORG/NAME，例如 "Qwen/Qwen2-0.5B"）',
  "hub.snapshot.revisionNoFileMatches": "{repoId}（版本 {revision}）：没有文件匹配 {v3}；仓库里有：{v4}",
  "hub.cache.isNotInThe": "{repoId} 不在缓存（{cacheDir}）中；`tongguan list` 列出缓存中的模型",
  "hub.cache.couldNotBeDeleted": "{repoId}：{dir} 没能完全删除（是否有对它的下载正在进行？）",
  "hub.snapshot.moreFiles": "，…（共 {count} 个文件）",
  "hub.snapshot.noFiles": "没有文件",
  "hub.snapshot.noFilter": "（无过滤条件）",
  "hub.download.theDownloadedFileHolds": "{what}：下载的文件有 {size} 字节，而 hub 说是 {jobSize}",
  "hub.download.checksumMismatchExpectedThe":
    "{what}：校验和不符，应为 {etag}（hub 的 ETag），但磁盘上文件的哈希是 {digest}",
  "hub.download.answeredToARequest": "{what}：{v2} 对不带范围的请求返回了 416",
  "hub.download.emptyResponseFrom": "{what}：{v2} 返回了空响应",
  "hub.download.downloadFromBrokeOff": "{what}：从 {from} 的下载在第 {loaded} 字节处中断：{reason}",
  "hub.download.connectionClosedAtByte": "{what}：连接在第 {loaded}/{total} 字节处关闭（{from}）",
  "hub.http.redirectsToAUrl": "{what}：{v2} 重定向到 {protocol} 网址；拒绝跟随",
  "hub.http.moreThanRedirectsStarting": "{what}：从 {v3} 开始重定向超过 {MAX_REDIRECTS} 次",
  "hub.http.couldNotReachCheck":
    "无法连接 {v1}：{v2}（请检查网络；设置 HF_ENDPOINT 可使用镜像，例如 https://hf-mirror.com，或设置 HF_HUB_OFFLINE=1 只用缓存）",
  "hub.http.gatedOrPrivate": "{what}：受限或私有{maybe}：{fix}。{detail}",
  "hub.http.theServerFailed": "{what}：服务器出错（{detail}）",
  "hub.metadata.theAnswerIsNot": "{v1}：返回的不是 JSON；HF_ENDPOINT 是 hub 吗？",
  "hub.metadata.expectedIsHfEndpoint":
    '{v1}：应为 {"sha": <commit>, "siblings": [...]}；HF_ENDPOINT 是 hub 吗？',
  "hub.metadata.theServerSentNo": "{v1}：服务器没有发送 ETag，无法在缓存中为文件命名",
  "hub.metadata.unusableEtag": '{v1}：无法使用的 ETag "{etag}"',
  "hub.snapshot.fileOfTheRepo":
    '{repoId} 的文件 "{path}"：仓库列表说是 {listed} 字节，但文件头说是 {metaSize}',
  "hub.snapshot.andRevisionIsNot":
    "{reason}，而且 {repoId}（版本 {revision}）不在缓存 {cacheDir} 中：请先在联网时运行 `tongguan pull {repoId}`",
  "hub.snapshot.andNoCachedFile":
    "{reason}，而且 {repoId}（版本 {revision}）的缓存文件中没有匹配 {wanted} 的",
  "hub.snapshot.theHubListsAn": "{repoId}：hub 列出了不安全的文件名 {path}（{why}）；拒绝写入",
  "hub.snapshot.itLeavesTheSnapshot": "它会跑出快照文件夹",
  "hub.snapshot.aControlCharacter": "含控制字符",
  "hub.snapshot.aPartLongerThan": "有一段超过 255 字节",
  "hub.snapshot.isAFileToo": '"{folder}" 同时也是一个文件',
  "hub.http.tokenNoAccess": "已设置 HF_TOKEN 但没有访问权限：请检查令牌，并在模型的 hub 页面上接受其使用条款",
  "hub.http.setToken":
    "请把 HF_TOKEN 设为 https://huggingface.co/settings/tokens 上的令牌（并在模型的 hub 页面上接受其使用条款）",
  "hub.http.orNotExist": "（或者它不存在）",
  "hub.http.noSuchRevision": "没有这个版本",
  "hub.http.noSuchFile": "没有这个文件",
  "hub.http.noSuchRepo": "没有这个仓库",
  "hub.http.noSuchAny": "没有这个仓库/文件/版本",
  "hub.http.notFound": "{what}：{which}（{detail}）",
  "hub.download.deletedRunAgain": "{problem}；损坏的下载已删除，请重新运行命令",
  "hub.download.deleteAndRunAgain": "{problem}；请删除 {part} 后重新运行命令",
  "hub.progress.resuming": "{file}：从 {size} 处续传",
  "hub.progress.retry": "{file}：连接失败（第 {attempt} 次尝试），正在续传：{reason}",
  "hub.progress.cached": "已缓存",
  "hub.progress.done": "完成  ",
  "hub.progress.offline": "离线（{reason}）：使用缓存中的 {repoId}，位于 {snapshot}",
  "hub.progress.total": "总计",
  "hub.progress.bar": "{name} {bar} {percent} {amount} {speed} 剩余 {left}",
  "hub.progress.totalLine": "总计 {percent} {amount} {speed} 剩余 {left}",
  "hub.progress.plan": "{repoId} @ {commit}：{files} 个文件，{size}",
  "hub.http.noAnswer": "超时未响应",
  "hub.http.aborted": "已中止",
  "hub.download.noData": "{ms} ms 内没有收到数据",
  "hub.snapshot.offline": "已设置 HF_HUB_OFFLINE",
  "hub.snapshot.revisionHoldsNoHugging":
    '{repoId}（版本 {revision}）里没有 Hugging Face 检查点（config.json、*.safetensors、pytorch_model*.bin）；请指定要用的文件，例如 include ["*Q8_0.gguf"]；仓库里有：{v3}',
};
