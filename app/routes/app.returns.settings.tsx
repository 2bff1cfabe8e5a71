import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { RouteError } from "../components/route-error";
import { RETURN_TABS, SectionTabs } from "../components/section-tabs";
import { SHOPIFY_RETURN_REASONS } from "../domain/returns";
import { policyFieldErrors, policyFormValues, readPolicyForm, reasonRows, type PolicyForm } from "../domain/returns/policy-form";
import { adminContext } from "../services/admin-context.server";
import { loadReturnPolicy, saveReturnPolicy } from "../services/returns.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await adminContext(request);
  return { form: policyFormValues(await loadReturnPolicy(shop)) };
};

type Result = { ok: true; form: PolicyForm } | { ok: false; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await adminContext(request);
  const form = Object.fromEntries([...(await request.formData())].flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));
  const read = readPolicyForm(form);
  if (!read.ok) return data<Result>({ ok: false, errors: read.errors }, { status: 422 });
  const saved = await saveReturnPolicy(shop, read.input);
  if (!saved.ok) return data<Result>({ ok: false, errors: policyFieldErrors(saved.errors, form) }, { status: 422 });
  return data<Result>({ ok: true, form: policyFormValues(saved.policy) });
};

const SHOPIFY_REASON_OPTIONS = SHOPIFY_RETURN_REASONS.map((reason) => ({
  label: reason.charAt(0) + reason.slice(1).toLowerCase().replace(/_/g, " "),
  value: reason,
}));

export default function ReturnPolicySettings() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, setForm] = useState<PolicyForm>(loaded.form);
  // A successful save shows what is stored now, with fresh blank reason rows.
  useEffect(() => {
    if (result?.ok) setForm(result.form);
  }, [result]);
  const errors: Record<string, string> = result && !result.ok ? result.errors : {};
  const set = (name: string) => (value: string | boolean) => setForm((current) => ({ ...current, [name]: String(value) }));
  const currency = form.currencyCode;
  const flag = (name: string, label: string, helpText?: string) => (
    <Checkbox label={label} helpText={helpText} checked={form[name] === "true"} onChange={set(name)} error={errors[name]} />
  );
  const field = (name: string, label: string, options: { helpText?: string; type?: "text" | "number"; suffix?: string; placeholder?: string } = {}) => (
    <TextField
      label={label}
      helpText={options.helpText}
      type={options.type ?? "text"}
      suffix={options.suffix}
      placeholder={options.placeholder}
      value={form[name] ?? ""}
      onChange={set(name)}
      error={errors[name]}
      autoComplete="off"
    />
  );
  const amount = (name: string, label: string, helpText?: string, placeholder?: string) => field(name, label, { helpText, suffix: currency, placeholder });
  const errorCount = Object.keys(errors).length;

  return (
    <Page>
      <TitleBar title="Returns" />
      <Form method="post">
        {Object.entries(form).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <BlockStack gap="400">
          <SectionTabs tabs={RETURN_TABS} />
          {result?.ok ? <Banner tone="success" title="Return policy saved" /> : null}
          {result && !result.ok ? (
            <Banner tone="critical" title="Nothing was saved">
              <Text as="p">{`${errorCount} ${errorCount === 1 ? "field says" : "fields say"} what to change.`}</Text>
            </Banner>
          ) : null}
          <Layout>
            <Layout.AnnotatedSection
              title="Window"
              description="Counted from delivery, or from shipping when the carrier never reported one. Requests that come in later are refused with the date the window closed. 0 days takes no returns."
            >
              <Card>
                <FormLayout>
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    {field("windowDays", "Days to return", { type: "number", suffix: "days" })}
                    {field("currencyCode", "Currency of the amounts below")}
                  </InlineGrid>
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    {field("timeZone", "Time zone for dates", { helpText: "An IANA zone such as America/New_York." })}
                    {field("locale", "Locale for dates and amounts")}
                  </InlineGrid>
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="What can come back"
              description="Leave a list empty to apply no limit. Products and collections are Shopify ids (gid://shopify/Product/…), comma-separated."
            >
              <Card>
                <FormLayout>
                  {field("finalSaleTags", "Final-sale tags", { helpText: "Products with one of these tags are never returnable." })}
                  {field("eligibility.excludedTags", "Also not returnable: products tagged")}
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    {field("eligibility.onlyProductIds", "Only these products")}
                    {field("eligibility.onlyCollectionIds", "Only these collections")}
                    {field("eligibility.excludedProductIds", "Never these products")}
                    {field("eligibility.excludedCollectionIds", "Never these collections")}
                    {amount("eligibility.minUnitPrice", "Lowest unit price", undefined, "No limit")}
                    {amount("eligibility.maxUnitPrice", "Highest unit price", undefined, "No limit")}
                  </InlineGrid>
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Reasons"
              description="What the customer chooses from. A reason that is your fault (damaged, wrong item) makes return shipping free. Clear a row's code and label to remove it; fill a blank row to add one."
            >
              <Card>
                <BlockStack gap="300">
                  {errors.reasons ? (
                    <Text as="p" tone="critical">
                      {errors.reasons}
                    </Text>
                  ) : null}
                  {reasonRows(form).map((row) => (
                    <BlockStack key={row} gap="200">
                      <InlineGrid columns={{ xs: 1, md: ["twoThirds", "twoThirds", "oneThird"] }} gap="200">
                        <TextField
                          label="Code"
                          labelHidden={row > 0}
                          placeholder="NEW_REASON"
                          value={form[`reasons.${row}.code`]}
                          onChange={set(`reasons.${row}.code`)}
                          error={errors[`reasons.${row}.code`]}
                          autoComplete="off"
                        />
                        <TextField
                          label="Customers see"
                          labelHidden={row > 0}
                          value={form[`reasons.${row}.label`]}
                          onChange={set(`reasons.${row}.label`)}
                          error={errors[`reasons.${row}.label`]}
                          autoComplete="off"
                        />
                        <Select
                          label="Shopify's reason"
                          labelHidden={row > 0}
                          options={SHOPIFY_REASON_OPTIONS}
                          value={form[`reasons.${row}.shopifyReason`]}
                          onChange={set(`reasons.${row}.shopifyReason`)}
                          error={errors[`reasons.${row}.shopifyReason`]}
                        />
                      </InlineGrid>
                      <InlineStack gap="400">
                        {flag(`reasons.${row}.merchantFault`, "Our fault")}
                        {flag(`reasons.${row}.requiresNote`, "Needs a note")}
                        {flag(`reasons.${row}.requiresPhoto`, "Needs a photo")}
                      </InlineStack>
                    </BlockStack>
                  ))}
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title="Resolutions" description="What a customer may ask for instead of the item.">
              <Card>
                <BlockStack gap="200">
                  <InlineStack gap="400">
                    {flag("resolutions.refund", "Refund to the original payment")}
                    {flag("resolutions.store_credit", "Store credit")}
                    {flag("resolutions.exchange", "Exchange")}
                  </InlineStack>
                  {errors.resolutions ? (
                    <Text as="p" tone="critical">
                      {errors.resolutions}
                    </Text>
                  ) : null}
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Fees"
              description="Fixed when the request is made, so a later change never alters a return already under way. A customer never owes a fee: fees are capped at what the items are worth."
            >
              <Card>
                <FormLayout>
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    {field("restockingFee.percent", "Restocking fee", { suffix: "%", type: "number" })}
                    {amount("restockingFee.flat", "Plus per return")}
                  </InlineGrid>
                  {field("restockingFee.exemptReasons", "No restocking fee for reasons", { helpText: "Codes from the list above, comma-separated." })}
                  {flag("restockingFee.waiveForExchanges", "No restocking fee on exchanges")}
                  {amount("returnShippingFee.amount", "Return shipping fee", "Once per return; never when a reason is your fault.")}
                  {flag("returnShippingFee.waiveForExchanges", "Free return shipping when everything is exchanged")}
                  <Select
                    label="Refund the order's shipping charge"
                    options={[
                      { label: "When the whole order comes back through our fault", value: "merchant_fault" },
                      { label: "Never", value: "never" },
                    ]}
                    value={form.originalShippingRefund}
                    onChange={set("originalShippingRefund")}
                    error={errors.originalShippingRefund}
                  />
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Approval"
              description="Requests that pass every rule here are approved on their own; the others wait in the queue with the reason."
            >
              <Card>
                <FormLayout>
                  {flag("autoApprove.enabled", "Approve requests without review")}
                  {amount("autoApprove.maxValue", "Only up to a value of", undefined, "No limit")}
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    {field("autoApprove.reasons", "Only for reasons", { helpText: "Codes, comma-separated; empty for all." })}
                    {field("autoApprove.customerTags", "Only for customers tagged", { helpText: "Empty for every customer." })}
                  </InlineGrid>
                  {flag("serialReturner.enabled", "Send serial returners to review")}
                  <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                    {field("serialReturner.lookbackDays", "Looking back", { type: "number", suffix: "days" })}
                    {field("serialReturner.maxReturns", "Review from returns", { type: "number" })}
                    {field("serialReturner.maxReturnRate", "Or a return rate above", { type: "number", suffix: "%" })}
                    {field("serialReturner.minOrdersForRate", "Once they have orders", { type: "number" })}
                  </InlineGrid>
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Exchanges"
              description="An instant exchange ships the replacement before the return arrives, only for customers your guard rules trust."
            >
              <Card>
                <FormLayout>
                  {flag("exchange.allowOtherProducts", "Exchange for a different product, not only another variant")}
                  <Select
                    label="When the replacement costs less, the rest goes to"
                    options={[
                      { label: "Store credit", value: "store_credit" },
                      { label: "A refund", value: "refund" },
                    ]}
                    value={form["exchange.remainderTo"]}
                    onChange={set("exchange.remainderTo")}
                    error={errors["exchange.remainderTo"]}
                  />
                  {flag("exchange.instant.enabled", "Offer instant exchanges")}
                  {form["exchange.instant.enabled"] === "true" ? (
                    <BlockStack gap="300">
                      <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                        {amount("exchange.instant.maxValue", "Replacements worth at most", undefined, "No limit")}
                        {field("exchange.instant.minLifetimeOrders", "Customers with at least orders", { type: "number" })}
                      </InlineGrid>
                      {field("exchange.instant.customerTags", "Only for customers tagged", { helpText: "Empty for every customer." })}
                      {flag("exchange.instant.requirePaymentCaptured", "Only when the order's payment is captured")}
                      {flag("exchange.instant.allowSerialReturners", "Also for serial returners")}
                      {flag("exchange.instant.allowWithBalanceDue", "Also when the customer still owes on the replacement")}
                    </BlockStack>
                  ) : null}
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.Section>
              <InlineStack align="end">
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  Save return policy
                </Button>
              </InlineStack>
            </Layout.Section>
          </Layout>
        </BlockStack>
      </Form>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Returns" />;
}
