import { redirect } from "next/navigation";

// The console has no dashboard yet; assistants are what people come for.
export default function Home(): never {
  redirect("/assistants");
}
