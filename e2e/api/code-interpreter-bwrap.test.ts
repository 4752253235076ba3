import { existsSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { startScriptedModel, type ScriptedModel } from "../../scripts/scripted-model/server";
import { sdkClient } from "./support/http";
import { codeScenarios, python, runOn, type CodeContext } from "./support/code-scenarios";

// The code interpreter (issue 23) on the `bwrap` sandbox (the system's Python under bubblewrap, with
// Debian's numpy, pandas and matplotlib), on a server and database of this file's own started with
// ATELIER_CODE_SANDBOX=bwrap: the scenarios every sandbox passes, and what only this one does, data
// work and charts (an `image` output, a PNG File, an `image_file` part under the reply). .ci/run
// installs bubblewrap and the libraries; elsewhere without them the file is skipped, never in CI.

const INSTALLED = existsSync("/usr/bin/bwrap") && existsSync("/usr/bin/python3");
const MODEL_KEY = "sk-code-bwrap";
let db: TestDatabase;
let model: ScriptedModel;
let app: AppServer;
let sdk: ReturnType<typeof sdkClient>;

const context: CodeContext = {
  client: () => sdk.client,
  sandbox: "bwrap",
  modelRequests: async () => model.requests as never,
};

it("has bubblewrap and Debian's python3 to test with (required under CI, which installs them)", () => {
  if (!INSTALLED && process.env.CI) expect.fail("apt-get install -y bubblewrap python3 python3-numpy python3-pandas python3-matplotlib");
});

describe.runIf(INSTALLED)("code interpreter (bwrap)", () => {
  beforeAll(async () => {
    db = await createTestDatabase("code-bwrap");
    model = await startScriptedModel({ apiKey: MODEL_KEY });
    app = await startAppServer({ databaseUrl: db.url, embedded: db.embedded, env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY, ATELIER_CODE_SANDBOX: "bwrap" } });
    sdk = sdkClient(app.adminKey, { baseURL: app.baseURL });
  }, 180_000);

  afterEach(async () => {
    await sdk.settled();
    expect(sdk.contractViolations(), "every response must match the contract").toEqual([]);
    sdk.exchanges.length = 0;
  });

  afterAll(async () => {
    await app?.stop();
    await model?.close();
    await db?.drop();
  });

  codeScenarios(context);

  it("answers with numpy and pandas, and a matplotlib chart becomes an image output, a PNG File and an image_file under the reply", async () => {
    const client = sdk.client;
    const assistant = await client.beta.assistants.create({ model: "scripted-1", tools: [{ type: "code_interpreter" }] });
    const thread = await client.beta.threads.create();
    const code = [
      "import numpy as np, pandas as pd",
      "import matplotlib.pyplot as plt",
      "df = pd.DataFrame({'month': ['jan', 'feb', 'mar'], 'total': [10, 32, 18]})",
      "print(round(float(np.std(df['total'])), 3))",
      "df.plot(x='month', y='total', kind='bar')",
      "plt.title('Totals')",
      "plt.show()",
    ].join("\n");
    const result = await runOn(context, thread.id, assistant.id, python(code, "Here is the chart of the totals."));
    expect(result.run.status).toBe("completed");
    const outputs = result.calls[0]!.code_interpreter.outputs;
    expect(outputs).toEqual([{ type: "logs", logs: "9.092" }, { type: "image", image: { file_id: expect.stringMatching(/^file-/) } }]);
    const imageId = (outputs[1] as { image: { file_id: string } }).image.file_id;

    const file = await client.files.retrieve(imageId);
    expect(file).toMatchObject({ purpose: "assistants_output", filename: expect.stringMatching(/\.png$/) });
    const png = Buffer.from(await (await client.files.content(imageId)).arrayBuffer());
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(png.length).toBe(file.bytes);

    const [message] = (await client.beta.threads.messages.list(thread.id, { limit: 1 })).data;
    expect(message!.content).toEqual([
      { type: "text", text: { value: "Here is the chart of the totals.", annotations: [] } },
      { type: "image_file", image_file: { file_id: imageId, detail: "auto" } },
    ]);
  }, 120_000);
});
