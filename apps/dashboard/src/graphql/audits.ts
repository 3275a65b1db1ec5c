import { gql } from 'urql';

const PROGRESS_FIELDS = `
  auditId
  status
  processed
  total
  fraction
  imagesPerSecond
  etaSeconds
  runs { runIndex model kind processed meanScore maxScore topLabel topLabelCount }
`;

export const START_AUDIT_MUTATION = gql`
  mutation StartAudit($input: StartAuditInput!) {
    startAudit(input: $input) { id status }
  }
`;

export const CANCEL_AUDIT_MUTATION = gql`
  mutation CancelAudit($id: ID!) {
    cancelAudit(id: $id) { id status }
  }
`;

export const RESUME_AUDIT_MUTATION = gql`
  mutation ResumeAudit($id: ID!) {
    resumeAudit(id: $id) { id status }
  }
`;

export const AUDIT_PROGRESS_SUBSCRIPTION = gql`
  subscription AuditProgress($id: ID!) {
    auditProgress(id: $id) { ${PROGRESS_FIELDS} }
  }
`;

export const AUDITS_QUERY = gql`
  query Audits($first: Int) {
    audits(first: $first) {
      edges {
        node { id status count models createdAt noise { kind seed } progress { processed } }
      }
    }
  }
`;

/** Everything the results view shows, for one audit. */
export const AUDIT_QUERY = gql`
  query Audit($id: ID!, $thresholds: [Float!]) {
    audit(id: $id) {
      id
      status
      count
      seed
      batchSize
      topK
      models
      createdAt
      startedAt
      finishedAt
      workingSeconds
      error { code message }
      noise { kind seed width height channels rng params { mean std low high density scale color } }
      progress { ${PROGRESS_FIELDS} }
      runs {
        index
        model
        kind
        modelInfo { id format backend preset outputKind numClasses }
        oodInDistribution
        describe { count mean std min p25 p50 p75 max }
        labelCounts(first: 10) { label count }
        fractionAbove(thresholds: $thresholds) { threshold fraction count }
      }
    }
  }
`;

/** Up to this many points per ROC curve (the server keeps the ends and the largest corners). */
export const ROC_MAX_POINTS = 200;
/** Images in the Fashion-MNIST test set: the CLI's OOD metrics use all of them. */
export const ID_IMAGES_ALL = 10_000;

const OOD_FIELDS =
  'auroc auprIn auprOut fprAtTpr tpr inDistribution inDistributionCount accuracy roc(maxPoints: $rocPoints) { fpr tpr threshold }';

/**
 * OOD metrics of every run for the three scores, against an uploaded image set (`$set`) or the
 * built-in set (`$set` null). `maxLogit` and `energy` are null for a model that outputs
 * probabilities (`modelInfo.outputKind`): those scores are read from logits.
 */
export const AUDIT_OOD_QUERY = gql`
  query AuditOod($id: ID!, $rocPoints: Int = ${String(ROC_MAX_POINTS)}, $limit: Int = ${String(ID_IMAGES_ALL)}, $set: ID) {
    audit(id: $id) {
      id
      runs {
        index
        model
        kind
        modelInfo { outputKind }
        msp: ood(score: MSP, inDistributionLimit: $limit, inDistributionSet: $set) { ${OOD_FIELDS} }
        maxLogit: ood(score: MAX_LOGIT, inDistributionLimit: $limit, inDistributionSet: $set) { ${OOD_FIELDS} }
        energy: ood(score: ENERGY, inDistributionLimit: $limit, inDistributionSet: $set) { ${OOD_FIELDS} }
      }
    }
  }
`;

/** Every audit's progress events: the audit list stays current on one SSE stream. */
export const AUDITS_CHANGED_SUBSCRIPTION = gql`
  subscription AuditsChanged {
    auditsChanged { auditId status processed total }
  }
`;
