import { gql } from 'urql';

const EXPLANATION_FIELDS = `
  id
  status
  method
  model
  target
  targetLabel
  score
  delta
  heatmapUrl
  blendedUrl
  originalUrl
  error { code message }
`;

export const EXPLAIN_MUTATION = gql`
  mutation Explain($input: ExplainInput!) {
    explain(input: $input) { ${EXPLANATION_FIELDS} }
  }
`;

export const EXPLANATION_QUERY = gql`
  query Explanation($id: ID!) {
    explanation(id: $id) { ${EXPLANATION_FIELDS} }
  }
`;

export const ATTRIBUTION_PROGRESS_SUBSCRIPTION = gql`
  subscription AttributionProgress($id: ID!) {
    attributionProgress(id: $id) { explanationId status done total elapsedSeconds etaSeconds }
  }
`;
