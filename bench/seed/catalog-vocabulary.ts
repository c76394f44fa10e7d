// Word lists for the seed catalogue. A subject is a topic, optionally followed by a facet of the
// same group ("Kubernetes" + "Networking"), so each category yields thousands of distinct subjects.

export interface TopicGroup {
  topics: string[];
  facets: string[];
}

export interface CategoryVocabulary {
  slug: string;
  name: string;
  groups: TopicGroup[];
  /** Lower case except proper nouns; title-cased when they appear in a title. */
  audiences: string[];
  tags: string[];
}

export const VOCABULARY: CategoryVocabulary[] = [
  {
    slug: 'programming',
    name: 'Programming',
    groups: [
      {
        topics: ['Rust', 'Go', 'TypeScript', 'JavaScript', 'Python', 'Java', 'Kotlin', 'Swift', 'C#', 'C++', 'C', 'Ruby', 'PHP', 'Elixir', 'Haskell', 'Scala', 'Clojure', 'Dart', 'Zig', 'OCaml', 'F#', 'Lua', 'Erlang', 'Nim', 'Julia', 'Perl', 'Gleam', 'Crystal'],
        facets: ['Concurrency', 'Error Handling', 'Unit Testing', 'Performance Tuning', 'Memory Management', 'Design Patterns', 'Async Programming', 'Generics', 'Type System', 'Functional Programming', 'Object-Oriented Design', 'Data Structures', 'Algorithms', 'Metaprogramming', 'Macros', 'Command-Line Tools', 'Networking', 'Idioms', 'Debugging', 'Refactoring', 'Interoperability', 'Standard Library', 'Parsers', 'Systems Programming', 'Property-Based Testing', 'Tooling'],
      },
      {
        topics: ['React', 'Vue', 'Angular', 'Svelte', 'SvelteKit', 'Next.js', 'Nuxt', 'Astro', 'Remix', 'SolidJS', 'Qwik', 'Node.js', 'Deno', 'Bun', 'Django', 'Flask', 'FastAPI', 'Spring Boot', 'Ruby on Rails', 'Laravel', 'ASP.NET Core', 'Phoenix LiveView', 'Express', 'Fastify', 'NestJS', 'htmx', 'Lit', 'Web Components', 'GraphQL', 'tRPC'],
        facets: ['State Management', 'Server-Side Rendering', 'Routing', 'Forms and Validation', 'Authentication', 'Component Design', 'Testing', 'Performance', 'Accessibility', 'Internationalization', 'Animations', 'Data Fetching', 'REST APIs', 'Real-Time Features', 'Caching', 'Security', 'Deployment', 'Architecture', 'Background Jobs', 'File Uploads', 'Styling', 'Microservices'],
      },
      {
        topics: ['Flutter', 'React Native', 'SwiftUI', 'Jetpack Compose', 'UIKit', 'Android', 'iOS', 'Kotlin Multiplatform', 'Ionic', 'Unity', 'Godot', 'Unreal Engine', 'Bevy', 'Phaser', 'Three.js', 'WebGL', 'WebGPU', 'Electron', 'Tauri'],
        facets: ['Layouts', 'Animations', 'Navigation', 'Offline Storage', 'Push Notifications', 'Game Physics', '2D Platformers', 'Shaders', 'Multiplayer Networking', 'In-App Purchases', 'Performance Profiling', 'App Store Publishing', 'UI Testing', 'Gestures', 'Level Design', 'Procedural Generation', 'Particle Effects'],
      },
      {
        topics: ['PostgreSQL', 'MySQL', 'SQLite', 'MongoDB', 'Redis', 'Elasticsearch', 'Cassandra', 'DynamoDB', 'Neo4j', 'ClickHouse', 'DuckDB', 'CockroachDB', 'SQL Server', 'Oracle Database', 'Supabase', 'Firebase', 'Prisma', 'Drizzle ORM', 'SQLAlchemy', 'MikroORM'],
        facets: ['Query Tuning', 'Indexing', 'Schema Design', 'Replication', 'Transactions', 'Full-Text Search', 'Migrations', 'Backup and Recovery', 'Data Modeling', 'Window Functions', 'Stored Procedures', 'Partitioning', 'Sharding', 'Administration', 'Performance Monitoring', 'JSON Support', 'Connection Pooling'],
      },
    ],
    audiences: ['web developers', 'backend engineers', 'frontend developers', 'students', 'career changers', 'startup teams', 'self-taught programmers', 'Java developers', 'Python developers'],
    tags: ['coding', 'software-engineering', 'web-development', 'open-source', 'backend', 'frontend', 'apis'],
  },
  {
    slug: 'data-science',
    name: 'Data Science',
    groups: [
      {
        topics: ['Python', 'R', 'pandas', 'NumPy', 'Polars', 'scikit-learn', 'PyTorch', 'TensorFlow', 'Keras', 'JAX', 'Jupyter', 'Apache Spark', 'Hugging Face Transformers', 'XGBoost', 'LightGBM', 'Matplotlib', 'Seaborn', 'Plotly', 'Tableau', 'Power BI', 'Looker', 'dbt', 'Apache Airflow', 'SQL', 'Stata', 'SPSS', 'MLflow', 'LangChain', 'Streamlit'],
        facets: ['Data Cleaning', 'Exploratory Analysis', 'Feature Engineering', 'Model Evaluation', 'Visualization', 'Dashboards', 'Pipelines', 'Time Series Forecasting', 'Hyperparameter Tuning', 'Model Deployment', 'Reproducible Research', 'Data Wrangling', 'Reporting', 'Model Interpretability', 'Big Data Processing', 'ETL', 'Fine-Tuning'],
      },
      {
        topics: ['Machine Learning', 'Deep Learning', 'Statistics', 'Bayesian Inference', 'Natural Language Processing', 'Computer Vision', 'Recommender Systems', 'Reinforcement Learning', 'A/B Testing', 'Causal Inference', 'Time Series Analysis', 'Anomaly Detection', 'Generative AI', 'Large Language Models', 'Graph Neural Networks', 'Survival Analysis', 'Clustering', 'Regression Analysis', 'Data Engineering', 'MLOps', 'Geospatial Analysis', 'Sports Analytics', 'Marketing Analytics', 'Healthcare Analytics', 'Retrieval-Augmented Generation'],
        facets: ['with Python', 'with R', 'with PyTorch', 'with scikit-learn', 'Foundations', 'Case Studies', 'in Production', 'Algorithms', 'Math', 'Evaluation Metrics', 'Ethics and Fairness', 'Interview Prep', 'for Business Decisions', 'in Healthcare', 'in Finance', 'Projects'],
      },
    ],
    audiences: ['data analysts', 'aspiring data scientists', 'software engineers', 'researchers', 'product managers', 'business analysts', 'graduate students'],
    tags: ['data', 'analytics', 'machine-learning', 'ai', 'statistics', 'visualization'],
  },
  {
    slug: 'design',
    name: 'Design & Art',
    groups: [
      {
        topics: ['Figma', 'Adobe Photoshop', 'Adobe Illustrator', 'Adobe InDesign', 'Affinity Designer', 'Procreate', 'Sketch', 'Blender', 'Cinema 4D', 'After Effects', 'Canva', 'Framer', 'Webflow', 'Penpot', 'Krita', 'Inkscape', 'Spline', 'ZBrush'],
        facets: ['Prototyping', 'Auto Layout', 'Design Systems', 'Illustration', 'Photo Retouching', 'Motion Graphics', 'Typography', '3D Modeling', 'Character Design', 'Lighting and Rendering', 'Icon Design', 'Logo Design', 'Brushes and Textures', 'Workflow', 'Components and Variants', 'Print Layout', 'Compositing', 'Sculpting'],
      },
      {
        topics: ['UX Design', 'UI Design', 'Graphic Design', 'Interaction Design', 'Brand Identity', 'Editorial Design', 'Packaging Design', 'Product Design', 'Service Design', 'Information Design', 'Web Design', 'Mobile App Design', 'Motion Design', 'Design Thinking', 'Typography', 'Color Theory'],
        facets: ['Research Methods', 'Portfolios', 'Principles', 'Grids and Layout', 'Usability Testing', 'Wireframing', 'Case Studies', 'Accessibility', 'Storytelling', 'Design Critique', 'Visual Hierarchy', 'User Interviews', 'Prototyping', 'Information Architecture', 'Color Systems'],
      },
      {
        topics: ['Watercolor', 'Oil Painting', 'Acrylic Painting', 'Gouache', 'Digital Painting', 'Charcoal Drawing', 'Ink Drawing', 'Pencil Drawing', 'Pastel', 'Calligraphy', 'Hand Lettering', 'Concept Art', 'Figure Drawing', 'Printmaking', 'Ceramics', 'Linocut'],
        facets: ['Landscapes', 'Portraits', 'Still Life', 'Florals', 'Seascapes', 'Urban Sketching', 'Animals', 'Skies and Clouds', 'Texture and Light', 'Color Mixing', 'Composition', 'Perspective', 'Night Scenes', 'Botanical Studies', 'Loose Techniques'],
      },
    ],
    audiences: ['aspiring designers', 'developers', 'hobbyists', 'illustrators', 'marketing teams', 'art students', 'product teams'],
    tags: ['design', 'creativity', 'art', 'ui', 'ux', 'illustration', 'drawing'],
  },
  {
    slug: 'business',
    name: 'Business',
    groups: [
      {
        topics: ['Project Management', 'Product Management', 'Entrepreneurship', 'Leadership', 'Negotiation', 'Accounting', 'Financial Analysis', 'Corporate Finance', 'Bookkeeping', 'Business Strategy', 'Operations Management', 'Supply Chain Management', 'Human Resources', 'B2B Sales', 'Customer Success', 'Business Analysis', 'Agile', 'Scrum', 'Kanban', 'Lean Six Sigma', 'Risk Management', 'Real Estate Investing', 'Personal Finance', 'Stock Market Investing', 'Startup Fundraising', 'E-Commerce', 'Freelancing', 'Consulting', 'Business Law', 'Change Management', 'Team Management', 'Venture Capital', 'Procurement'],
        facets: ['Frameworks', 'Case Studies', 'Toolkit', 'Metrics and KPIs', 'Planning', 'Playbook', 'Techniques', 'Certification Prep', 'Principles', 'for Small Teams', 'for Remote Teams', 'in the Public Sector', 'for Nonprofits', 'Templates', 'Decision Making', 'Communication'],
      },
      {
        topics: ['Microsoft Excel', 'Google Sheets', 'QuickBooks', 'Xero', 'Salesforce', 'HubSpot CRM', 'Jira', 'Notion', 'Asana', 'Trello', 'SAP', 'Microsoft Project', 'Power Automate', 'Airtable', 'Shopify', 'Zapier'],
        facets: ['Formulas', 'Pivot Tables', 'Automation', 'Reporting', 'Dashboards', 'Workflows', 'Administration', 'Integrations', 'Financial Modeling', 'Data Validation', 'Macros', 'Templates', 'Power User Tips'],
      },
    ],
    audiences: ['new managers', 'founders', 'small business owners', 'freelancers', 'team leads', 'MBA students', 'busy professionals'],
    tags: ['business', 'management', 'finance', 'career', 'productivity', 'startups'],
  },
  {
    slug: 'languages',
    name: 'Languages',
    groups: [
      {
        topics: ['Spanish', 'French', 'German', 'Italian', 'Portuguese', 'Japanese', 'Mandarin Chinese', 'Korean', 'Arabic', 'Russian', 'Dutch', 'Swedish', 'Norwegian', 'Polish', 'Turkish', 'Greek', 'Hindi', 'Hebrew', 'Vietnamese', 'Thai', 'Indonesian', 'Ukrainian', 'Czech', 'Finnish', 'Danish', 'Irish', 'Swahili', 'Cantonese', 'Latin', 'English'],
        facets: ['Grammar', 'Conversation', 'Pronunciation', 'Vocabulary', 'Listening Skills', 'Reading Comprehension', 'Writing', 'for Travel', 'for Business', 'Verb Conjugation', 'Idioms and Slang', 'Everyday Phrases', 'Culture and Customs', 'Sentence Structure', 'Small Talk', 'Short Stories', 'Songs and Lyrics'],
      },
      {
        topics: ['IELTS', 'TOEFL', 'DELE', 'DELF', 'DALF', 'Goethe-Zertifikat', 'JLPT', 'HSK', 'TOPIK', 'Cambridge C1 Advanced', 'TestDaF', 'PTE Academic', 'Duolingo English Test'],
        facets: ['Preparation', 'Practice Tests', 'Speaking Section', 'Writing Section', 'Strategies', 'Vocabulary Builder', 'Intensive Review', 'Mock Exams'],
      },
      {
        topics: ['American Sign Language', 'British Sign Language', 'Business English', 'Academic English', 'Translation', 'Linguistics', 'Phonetics', 'Etymology', 'Interpreting'],
        facets: ['Vocabulary', 'Grammar', 'Conversation', 'Techniques', 'for Professionals', 'Theory', 'Practice Drills'],
      },
    ],
    audiences: ['travelers', 'expats', 'heritage speakers', 'busy professionals', 'students', 'language lovers'],
    tags: ['language-learning', 'speaking', 'grammar', 'vocabulary', 'culture', 'travel'],
  },
  {
    slug: 'music',
    name: 'Music',
    groups: [
      {
        topics: ['Guitar', 'Acoustic Guitar', 'Electric Guitar', 'Bass Guitar', 'Piano', 'Keyboard', 'Ukulele', 'Violin', 'Cello', 'Drums', 'Saxophone', 'Trumpet', 'Flute', 'Clarinet', 'Harmonica', 'Mandolin', 'Banjo', 'Harp', 'Accordion'],
        facets: ['Chords', 'Scales and Modes', 'Technique', 'Improvisation', 'Sight Reading', 'Rhythm', 'Blues', 'Jazz Standards', 'Classical Repertoire', 'Ear Training', 'Practice Routines', 'Soloing', 'Grooves', 'Warm-Ups', 'Pop Songs', 'Folk Tunes'],
      },
      {
        topics: ['Singing', 'Pop Singing', 'Jazz Singing', 'Classical Voice', 'Choir Singing', 'Musical Theatre Singing', 'Rock Vocals'],
        facets: ['Breath Control', 'Pitch Accuracy', 'Vocal Range', 'Harmony', 'Warm-Ups', 'Performance', 'Belting', 'Vibrato', 'Stage Presence'],
      },
      {
        topics: ['Music Production', 'Ableton Live', 'Logic Pro', 'FL Studio', 'Pro Tools', 'Cubase', 'Reaper', 'Bitwig Studio', 'GarageBand', 'Mixing', 'Mastering', 'Sound Design', 'Synthesis', 'Film Scoring', 'Songwriting', 'Music Theory', 'Orchestration', 'Beat Making', 'DJing', 'Audio Engineering', 'Modular Synthesis', 'Game Audio'],
        facets: ['Workflow', 'for Electronic Music', 'for Hip-Hop', 'for Film', 'Arrangement', 'Drum Programming', 'Vocal Production', 'EQ and Compression', 'Sampling', 'Synth Programming', 'Chord Progressions', 'Melody Writing', 'Live Performance', 'Home Studio Setup', 'Lo-Fi Beats', 'Techno', 'House Music', 'Ambient Music'],
      },
    ],
    audiences: ['hobbyists', 'bedroom producers', 'adult learners', 'songwriters', 'band musicians', 'music teachers'],
    tags: ['music', 'instruments', 'production', 'theory', 'audio', 'practice'],
  },
  {
    slug: 'photography',
    name: 'Photography & Video',
    groups: [
      {
        topics: ['Portrait Photography', 'Landscape Photography', 'Street Photography', 'Wildlife Photography', 'Wedding Photography', 'Food Photography', 'Product Photography', 'Astrophotography', 'Macro Photography', 'Sports Photography', 'Travel Photography', 'Fashion Photography', 'Architectural Photography', 'Real Estate Photography', 'Documentary Photography', 'Black and White Photography', 'Night Photography', 'Drone Photography', 'Underwater Photography', 'Film Photography', 'Smartphone Photography', 'Event Photography', 'Bird Photography'],
        facets: ['Composition', 'Lighting', 'Posing', 'Gear', 'Editing', 'Business', 'Workflow', 'Storytelling', 'Natural Light', 'Flash Techniques', 'Golden Hour', 'Long Exposure', 'Color Grading', 'Portfolio Building', 'Field Techniques'],
      },
      {
        topics: ['Adobe Lightroom', 'Lightroom Classic', 'Capture One', 'Adobe Camera Raw', 'Darktable', 'DaVinci Resolve', 'Premiere Pro', 'Final Cut Pro', 'Affinity Photo'],
        facets: ['Presets', 'Masking', 'Color Correction', 'Retouching', 'Workflow', 'Batch Processing', 'Export Settings', 'Color Grading', 'Editing Techniques', 'Keyboard Shortcuts'],
      },
      {
        topics: ['Sony Alpha', 'Canon EOS', 'Nikon Z', 'Fujifilm X Series', 'GoPro', 'DJI Drones', 'Videography', 'Cinematography', 'Studio Lighting', 'Off-Camera Flash', 'Documentary Filmmaking', 'YouTube Video Production'],
        facets: ['Camera Settings', 'Autofocus Systems', 'Manual Mode', 'Cinematic Look', 'Audio Recording', 'Storytelling', 'Lighting Setups', 'Lenses', 'Shot Composition', 'Run-and-Gun Shooting'],
      },
    ],
    audiences: ['hobbyist photographers', 'content creators', 'travelers', 'small business owners', 'aspiring filmmakers', 'parents'],
    tags: ['photography', 'camera', 'editing', 'video', 'lighting', 'creativity'],
  },
  {
    slug: 'marketing',
    name: 'Marketing',
    groups: [
      {
        topics: ['SEO', 'Content Marketing', 'Email Marketing', 'Social Media Marketing', 'Instagram Marketing', 'TikTok Marketing', 'YouTube Marketing', 'LinkedIn Marketing', 'Facebook Ads', 'Google Ads', 'Affiliate Marketing', 'Influencer Marketing', 'Copywriting', 'Growth Marketing', 'Product Marketing', 'Brand Strategy', 'Public Relations', 'Marketing Analytics', 'Conversion Rate Optimization', 'Marketing Automation', 'Podcast Marketing', 'Community Building', 'Event Marketing', 'Local SEO', 'Technical SEO', 'Amazon Advertising', 'App Store Optimization'],
        facets: ['Strategy', 'Analytics', 'Campaign Planning', 'Funnels', 'Audience Research', 'Budgeting', 'A/B Testing', 'for E-Commerce', 'for B2B', 'for Startups', 'for Creators', 'for Nonprofits', 'Case Studies', 'Playbook', 'Measurement', 'Content Calendars', 'Retargeting'],
      },
      {
        topics: ['Google Analytics 4', 'Google Tag Manager', 'Semrush', 'Ahrefs', 'Mailchimp', 'Klaviyo', 'HubSpot', 'Hootsuite', 'Meta Business Suite', 'Looker Studio', 'WordPress', 'ConvertKit', 'Buffer'],
        facets: ['Setup', 'Reporting', 'Automation', 'Dashboards', 'Audits', 'Segmentation', 'Integrations', 'Event Tracking', 'Templates'],
      },
    ],
    audiences: ['marketers', 'founders', 'small business owners', 'content creators', 'agency teams', 'freelancers'],
    tags: ['marketing', 'growth', 'seo', 'social-media', 'advertising', 'analytics'],
  },
  {
    slug: 'devops',
    name: 'DevOps & Cloud',
    groups: [
      {
        topics: ['Kubernetes', 'Docker', 'Terraform', 'Ansible', 'Helm', 'Argo CD', 'GitHub Actions', 'GitLab CI', 'Jenkins', 'Prometheus', 'Grafana', 'OpenTelemetry', 'Istio', 'Linkerd', 'Nginx', 'HAProxy', 'Envoy', 'HashiCorp Vault', 'Consul', 'Pulumi', 'Packer', 'Podman', 'systemd', 'Linux', 'Bash', 'PowerShell', 'Apache Kafka', 'RabbitMQ', 'NATS', 'Nomad', 'Crossplane', 'Flux CD', 'eBPF'],
        facets: ['Networking', 'Security', 'Observability', 'Troubleshooting', 'Automation', 'Scaling', 'High Availability', 'Monitoring and Alerting', 'Configuration Management', 'Secrets Management', 'Storage', 'Deployment Strategies', 'Disaster Recovery', 'Cost Optimization', 'Performance Tuning', 'Internals', 'Operators', 'Multi-Cluster Setups', 'Zero-Downtime Deployments', 'Logging', 'Policy as Code'],
      },
      {
        topics: ['AWS', 'Microsoft Azure', 'Google Cloud', 'DigitalOcean', 'Oracle Cloud', 'AWS Lambda', 'Amazon EKS', 'Azure Kubernetes Service', 'Google Kubernetes Engine', 'Amazon S3', 'Cloud Run', 'Serverless', 'Site Reliability Engineering', 'Platform Engineering', 'Cloud Architecture', 'Infrastructure as Code', 'Continuous Delivery', 'Incident Response', 'Chaos Engineering', 'DevSecOps', 'FinOps'],
        facets: ['Certification Prep', 'Solutions Architecture', 'Networking', 'IAM and Security', 'Cost Management', 'Serverless Patterns', 'Migration', 'Well-Architected Design', 'Hands-On Labs', 'Best Practices', 'Governance', 'Reliability', 'Landing Zones', 'Runbooks'],
      },
    ],
    audiences: ['system administrators', 'backend engineers', 'SREs', 'platform teams', 'developers', 'IT professionals'],
    tags: ['devops', 'cloud', 'infrastructure', 'containers', 'ci-cd', 'sre', 'linux'],
  },
  {
    slug: 'mathematics',
    name: 'Mathematics',
    groups: [
      {
        topics: ['Algebra', 'Linear Algebra', 'Calculus', 'Multivariable Calculus', 'Differential Equations', 'Probability', 'Statistics', 'Discrete Mathematics', 'Number Theory', 'Geometry', 'Trigonometry', 'Precalculus', 'Real Analysis', 'Complex Analysis', 'Abstract Algebra', 'Topology', 'Graph Theory', 'Combinatorics', 'Set Theory', 'Mathematical Logic', 'Numerical Methods', 'Optimization', 'Game Theory', 'Cryptography', 'Category Theory', 'Fourier Analysis', 'Measure Theory', 'Stochastic Processes', 'Financial Mathematics', 'Mathematical Modeling', 'Vectors and Matrices', 'Mental Arithmetic'],
        facets: ['Problem Solving', 'Proofs', 'for Machine Learning', 'for Engineers', 'for Computer Science', 'for Data Science', 'Exam Prep', 'Olympiad Problems', 'Visual Intuition', 'Applications', 'Worked Examples', 'Core Theorems', 'with Python', 'Exercises', 'for Economists', 'Refresher'],
      },
    ],
    audiences: ['high school students', 'university students', 'engineers', 'teachers', 'lifelong learners', 'programmers'],
    tags: ['math', 'problem-solving', 'proofs', 'stem', 'exam-prep', 'logic'],
  },
  {
    slug: 'personal-development',
    name: 'Personal Development',
    groups: [
      {
        topics: ['Productivity', 'Time Management', 'Public Speaking', 'Communication Skills', 'Emotional Intelligence', 'Critical Thinking', 'Creative Thinking', 'Habit Building', 'Goal Setting', 'Mindfulness', 'Stress Management', 'Career Development', 'Job Interviews', 'Resume Writing', 'Personal Branding', 'Professional Networking', 'Memory Techniques', 'Speed Reading', 'Note-Taking', 'Learning How to Learn', 'Decision Making', 'Conflict Resolution', 'Confidence Building', 'Storytelling', 'Journaling', 'Creative Writing', 'Business Writing', 'Parenting', 'Minimalism', 'Deep Focus', 'Remote Work', 'Self-Discipline', 'Resilience', 'Study Skills'],
        facets: ['Techniques', 'Habits', 'Exercises', 'Frameworks', 'for Introverts', 'for Students', 'for Professionals', 'for Managers', 'for Creatives', 'at Work', 'Daily Practice', 'Strategies', 'Workbook', '30-Day Challenge', 'Mindset', 'Toolkit'],
      },
    ],
    audiences: ['students', 'young professionals', 'managers', 'parents', 'job seekers', 'creatives'],
    tags: ['self-improvement', 'career', 'productivity', 'communication', 'mindset', 'wellbeing'],
  },
  {
    slug: 'health',
    name: 'Health & Fitness',
    groups: [
      {
        topics: ['Yoga', 'Pilates', 'Strength Training', 'Running', 'Nutrition', 'Meal Prep', 'Meditation', 'Sleep Science', 'Mobility', 'Stretching', 'HIIT', 'Calisthenics', 'Weight Loss', 'Plant-Based Cooking', 'Sports Nutrition', 'First Aid', 'Mental Health', 'Anxiety Management', 'Breathwork', 'Tai Chi', 'Qigong', 'Posture', 'Back Pain Relief', 'Marathon Training', 'Cycling', 'Swimming', 'Kettlebell Training', 'Prenatal Yoga', 'Healthy Aging', 'Gut Health', 'Triathlon Training', 'Rock Climbing', 'Boxing Fitness', 'CPR'],
        facets: ['for Runners', 'for Seniors', 'for Busy People', 'at Home', 'Routines', 'Programs', 'Science', 'Techniques', 'Coaching Certification', 'Injury Prevention', '30-Day Plan', 'for Athletes', 'for Desk Workers', 'Recovery', 'Anatomy', 'Habits'],
      },
    ],
    audiences: ['beginners', 'busy parents', 'office workers', 'athletes', 'seniors', 'fitness coaches'],
    tags: ['fitness', 'health', 'wellness', 'nutrition', 'exercise', 'mindfulness'],
  },
];
