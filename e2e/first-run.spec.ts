import { expect, test } from "./fixtures";

// A fresh instance (its own server, nobody has an account): every page leads to set-up, which
// creates the first owner and their workspace and signs them in. Runs in the "first-run" project.

test("first run: set-up creates the owner and workspace, then sign-out and sign-in work", async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { level: 1, name: "Set up Atelier" })).toBeVisible();
  // Before any error, the password's rule is there to read.
  await expect(page.getByText("At least 12 characters.")).toBeVisible();

  // The form checks what it can before anything is sent.
  await page.getByRole("button", { name: "Create account and workspace" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expect(page.getByLabel("Your name")).toBeFocused();

  await page.getByLabel("Your name").fill("Grace Owner");
  await page.getByLabel("Email").fill("grace@first-run.example");
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Workspace name").fill("Research lab");
  await page.getByRole("button", { name: "Create account and workspace" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  // Said once: the rule under the field gives way to the error that states it.
  await expect(page.getByText(/at least 12 characters/i)).toHaveCount(1);
  await page.getByLabel("Password").fill("a much longer password");
  await page.getByRole("button", { name: "Create account and workspace" }).click();

  await expect(page).toHaveURL(/\/assistants$/);
  await expect(page.getByRole("banner").getByLabel("Workspace: Research lab. Switch workspace")).toBeVisible();

  // Set-up happens once: afterwards it leads to sign-in.
  await page.getByLabel("Account: grace@first-run.example").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel("Email").fill("GRACE@first-run.example");
  await page.getByLabel("Password").fill("a much longer password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/assistants$/);
  await expect(page.getByRole("banner").getByLabel("Workspace: Research lab. Switch workspace")).toBeVisible();
});
