import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { RouteError } from "../components/route-error";
import { authenticateIntakeAdmin, formFields } from "../intake/admin-context.server";
import { saveSettings } from "../intake/settings.server";
import { loadSettings } from "../intake/views.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { deps, context } = await authenticateIntakeAdmin(request);
  return loadSettings(deps.db, context.shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { deps, context } = await authenticateIntakeAdmin(request);
  const fields = await formFields(request);
  const form = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value.join(",") : value]));
  const result = await saveSettings(deps.db, context, form);
  return data(result, { status: result.ok ? 200 : 422 });
};

type Form = Record<string, string>;

const RULES: Array<{ name: string; label: string; help: string }> = [
  { name: "address", label: "Address completeness", help: "Name, street, city, postal code and state or province, by the destination country's rules." },
  { name: "postalCode", label: "Postal code format", help: "The postal code's format for its country, and whether it belongs to the state given." },
  { name: "phone", label: "Phone numbers", help: "Numbers a carrier can call, read by the shipping country's rules." },
  { name: "email", label: "Email addresses", help: "Syntax, and domains one slip away from a well-known one." },
  { name: "quantity", label: "Quantities", help: "More than a line may ask for, or far more than this shop's customers usually buy." },
  { name: "sku", label: "SKUs", help: "Lines without a SKU, or with one the catalogue does not have." },
  { name: "inventory", label: "Stock", help: "Lines no location can ship, and orders that must ship in several parcels." },
  { name: "duplicate", label: "Duplicate orders", help: "The same customer ordering the same items again within a window." },
  { name: "poBox", label: "PO boxes", help: "PO box addresses your carriers cannot deliver to." },
];

export default function IntakeSettings() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, setForm] = useState<Form>(loaded.form);
  const errors: Record<string, string> = result && !result.ok ? result.errors : {};
  const set = (name: string) => (value: string | boolean) => setForm({ ...form, [name]: String(value) });
  const flag = (name: string, label: string, helpText?: string) => (
    <Checkbox label={label} helpText={helpText} checked={form[name] === "true"} onChange={set(name)} error={errors[name]} />
  );
  const field = (name: string, label: string, helpText?: string, type: "text" | "number" = "text") => (
    <TextField label={label} helpText={helpText} type={type} value={form[name]} onChange={set(name)} error={errors[name]} autoComplete="off" />
  );
  const ruleSettings: Record<string, JSX.Element | null> = {
    address: field("address.provinceRequiredCountries", "Countries that need a state or province", "Two-letter codes, comma-separated."),
    postalCode: flag("postalCode.checkProvince", "Also check that the postal code belongs to the state or province (US, CA, AU, BR)"),
    phone: (
      <BlockStack gap="200">
        {flag("phone.required", "Every parcel needs a phone number", "Your carriers call or text the recipient; a missing or invalid number blocks the order.")}
        {flag("phone.requireMobile", "The number must be a mobile number")}
        {flag("phone.suggestE164", "Suggest writing numbers in international form")}
      </BlockStack>
    ),
    email: field("email.extraDomains", "Your customers' own domains", "Domains that are not typos even though they look like one (a B2B shop's clients), comma-separated."),
    quantity: (
      <FormLayout.Group>
        {field("quantity.maxPerLine", "Most a line may ask for", undefined, "number")}
        {field("quantity.historyMultiplier", "Unusual at this many times the usual", undefined, "number")}
        {field("quantity.minHistoryOrders", "Orders needed before history counts", undefined, "number")}
      </FormLayout.Group>
    ),
    sku: null,
    inventory: null,
    duplicate: field("duplicate.windowMinutes", "Window in minutes", undefined, "number"),
    poBox: (
      <BlockStack gap="300">
        {field("poBox.carriersWithoutPoBoxDelivery", "Carriers that do not deliver to PO boxes", "Comma-separated.")}
        {flag("poBox.flagWhenCarrierUnknown", "Warn about PO boxes when the carrier is not known")}
      </BlockStack>
    ),
  };

  return (
    <Page>
      <TitleBar title="Intake settings" />
      <Form method="post">
        {Object.entries(form).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Layout>
          {result ? (
            <Layout.Section>
              <Banner tone={result.ok ? "success" : "critical"} title={result.ok ? result.message : "Some settings need attention"}>
                {result.ok ? null : <Text as="p">{Object.keys(errors).length} field(s) below say what to change.</Text>}
              </Banner>
            </Layout.Section>
          ) : null}
          <Layout.AnnotatedSection title="Your shop" description="What the checks need to know about how you ship, and how fast problems should be resolved.">
            <Card>
              <FormLayout>
                {field("carriers", "Carriers you ship with", "For example UPS, USPS, DHL Express. Used to decide whether a PO box can be delivered to.")}
                <FormLayout.Group>
                  {field("slaHours", "Hours to resolve a problem", "Orders open longer are flagged in the exceptions inbox.", "number")}
                  {field("fixLinkHours", "Hours a customer fix link stays valid", undefined, "number")}
                </FormLayout.Group>
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title="Checks" description="Each check can be switched off. Orders with a blocking problem are put on hold on Shopify until it is fixed or accepted.">
            <BlockStack gap="400">
              {RULES.map((rule) => (
                <Card key={rule.name}>
                  <BlockStack gap="300">
                    {flag(`${rule.name}.enabled`, rule.label, rule.help)}
                    {form[`${rule.name}.enabled`] === "true" && ruleSettings[rule.name] ? <FormLayout>{ruleSettings[rule.name]}</FormLayout> : null}
                  </BlockStack>
                </Card>
              ))}
            </BlockStack>
          </Layout.AnnotatedSection>
          <Layout.Section>
            <InlineStack align="end">
              <Button submit variant="primary" loading={navigation.state === "submitting"}>
                Save
              </Button>
            </InlineStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Intake settings" />;
}
